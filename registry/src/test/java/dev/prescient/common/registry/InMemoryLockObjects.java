package dev.prescient.common.registry;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An object store in memory with S3's conditional-write rules (ETag per write), for lock tests
 * without a server. {@link #failing} makes every call throw as an unreachable store would.
 */
final class InMemoryLockObjects implements LockObjects {

    private final Map<String, S3Store.Stored> objects = new HashMap<>();
    private int writes;
    boolean failing;

    @Override
    public synchronized void ensureBucket() {
        failIfAsked("check bucket");
    }

    @Override
    public synchronized Optional<S3Store.Stored> find(String key) {
        failIfAsked("download " + key);
        return Optional.ofNullable(objects.get(key));
    }

    @Override
    public synchronized boolean putIf(String key, byte[] bytes, String etag) {
        failIfAsked("upload " + key);
        S3Store.Stored current = objects.get(key);
        boolean allowed = etag == null ? current == null : current != null && current.etag().equals(etag);
        if (allowed) {
            put(key, bytes);
        }
        return allowed;
    }

    @Override
    public synchronized void deleteAllVersionsOf(String key) {
        failIfAsked("delete " + key);
        objects.remove(key);
    }

    @Override
    public String location(String key) {
        return "memory://" + key;
    }

    /** An unconditional write, as a run that ignores the lock protocol would do. */
    synchronized void put(String key, byte[] bytes) {
        objects.put(key, new S3Store.Stored(bytes, "\"etag-" + ++writes + "\""));
    }

    private void failIfAsked(String operation) {
        if (failing) {
            throw new RegistryException("cannot " + operation + ": Failed to connect to memory");
        }
    }
}
