package dev.prescient.common.registry;

import java.util.Optional;

/**
 * The object calls {@link LeaseLock} makes: read with ETag, conditional write, delete. {@link S3Store}
 * implements them over S3; tests use an in-memory store.
 */
interface LockObjects {

    void ensureBucket();

    /** The object's body and ETag, empty if there is no such object. */
    Optional<S3Store.Stored> find(String key);

    /** Writes only if absent ({@code etag} null) or still at {@code etag}; false if that condition failed. */
    boolean putIf(String key, byte[] bytes, String etag);

    /** Deletes every version of exactly {@code key}. */
    void deleteAllVersionsOf(String key);

    /** Where {@code key} lives, for messages. */
    String location(String key);
}
