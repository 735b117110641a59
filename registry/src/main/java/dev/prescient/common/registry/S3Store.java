package dev.prescient.common.registry;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectTagsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.SetBucketVersioningArgs;
import io.minio.SetObjectTagsArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Item;
import io.minio.messages.VersioningConfiguration;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * The plain S3 calls the registry needs, over the MinIO SDK, turning every failure into a
 * {@link RegistryException} that names the operation, the key, the bucket and the endpoint.
 */
final class S3Store implements LockObjects {

    private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchObject", "ResourceNotFound");
    private static final Set<String> CONDITION_FAILED = Set.of("PreconditionFailed", "ConditionalRequestConflict");

    private final MinioClient client;
    private final RegistrySettings settings;

    S3Store(RegistrySettings settings) {
        this.settings = settings;
        long ms = settings.timeout().toMillis();
        MinioClient.Builder builder = MinioClient.builder().endpoint(settings.endpoint().toString())
                .credentials(nullToEmpty(settings.accessKey()), nullToEmpty(settings.secretKey()))
                .region(settings.region());
        if (settings.caFile() != null) {
            builder.httpClient(S3Tls.trusting(settings.caFile(), ms));
        }
        this.client = builder.build();
        client.setTimeout(ms, ms, ms);
    }

    /**
     * Creates the bucket with versioning enabled if it does not exist. Another process creating it between the
     * check and the creation (trainer shards starting together) is no error: the bucket is ours either way.
     */
    @Override
    public void ensureBucket() {
        String bucket = settings.bucket();
        boolean exists = call("check bucket", "", () -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
        if (!exists) {
            call("create bucket", "", () -> {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).region(settings.region()).build());
                } catch (ErrorResponseException e) {
                    if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
                        throw e;
                    }
                }
                client.setBucketVersioning(SetBucketVersioningArgs.builder().bucket(bucket)
                        .config(new VersioningConfiguration(VersioningConfiguration.Status.ENABLED, null)).build());
                return null;
            });
        }
    }

    boolean exists(String key) {
        return call("check", key, () -> {
            try {
                client.statObject(StatObjectArgs.builder().bucket(settings.bucket()).object(key).build());
                return true;
            } catch (ErrorResponseException e) {
                if (MISSING.contains(e.errorResponse().code())) {
                    return false;
                }
                throw e;
            }
        });
    }

    void put(String key, byte[] bytes, Map<String, String> tags) {
        call("upload", key, () -> client.putObject(PutObjectArgs.builder().bucket(settings.bucket()).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).tags(tags).build()));
    }

    byte[] get(String key) {
        return call("download", key, () -> {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(settings.bucket()).object(key).build())) {
                return in.readAllBytes();
            }
        });
    }

    /** An object's body and ETag. */
    record Stored(byte[] bytes, String etag) {
    }

    /** The object's body and ETag, empty if there is no such object. */
    @Override
    public Optional<Stored> find(String key) {
        return call("download", key, () -> {
            try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(settings.bucket())
                    .object(key).build())) {
                return Optional.of(new Stored(in.readAllBytes(), in.headers().get("ETag")));
            } catch (ErrorResponseException e) {
                if (MISSING.contains(e.errorResponse().code())) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /**
     * Writes the object only if it is absent ({@code etag} null: {@code If-None-Match: *}) or still has
     * {@code etag} ({@code If-Match}); false if the store refused because the condition failed.
     */
    @Override
    public boolean putIf(String key, byte[] bytes, String etag) {
        Map<String, String> condition = etag == null ? Map.of("If-None-Match", "*") : Map.of("If-Match", etag);
        return call("upload", key, () -> {
            try {
                client.putObject(PutObjectArgs.builder().bucket(settings.bucket()).object(key)
                        .stream(new ByteArrayInputStream(bytes), bytes.length, -1).headers(condition).build());
                return true;
            } catch (ErrorResponseException e) {
                if (CONDITION_FAILED.contains(e.errorResponse().code())) {
                    return false;
                }
                throw e;
            }
        });
    }

    Map<String, String> tags(String key) {
        return call("read tags of", key, () -> client.getObjectTags(
                GetObjectTagsArgs.builder().bucket(settings.bucket()).object(key).build()).get());
    }

    void setTags(String key, Map<String, String> tags) {
        call("set tags of", key, () -> {
            client.setObjectTags(SetObjectTagsArgs.builder().bucket(settings.bucket()).object(key).tags(tags).build());
            return null;
        });
    }

    /** Keys (latest versions) under {@code prefix}. */
    List<String> keys(String prefix) {
        return call("list", prefix, () -> {
            List<String> keys = new ArrayList<>();
            for (Result<Item> item : client.listObjects(ListObjectsArgs.builder().bucket(settings.bucket())
                    .prefix(prefix).recursive(true).build())) {
                keys.add(item.get().objectName());
            }
            return keys;
        });
    }

    /** Deletes every object version and delete marker under {@code prefix}. */
    void deleteAllVersions(String prefix) {
        deleteVersions(prefix, false);
    }

    /** Deletes every version and delete marker of exactly {@code key}, leaving no trace of it. */
    @Override
    public void deleteAllVersionsOf(String key) {
        deleteVersions(key, true);
    }

    private void deleteVersions(String prefix, boolean exact) {
        call("delete", prefix, () -> {
            List<DeleteObject> doomed = new ArrayList<>();
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(settings.bucket())
                    .prefix(prefix).recursive(true).includeVersions(true).build())) {
                Item item = result.get();
                if (!exact || item.objectName().equals(prefix)) {
                    doomed.add(new DeleteObject(item.objectName(), item.versionId()));
                }
            }
            for (Result<DeleteError> error : client.removeObjects(RemoveObjectsArgs.builder()
                    .bucket(settings.bucket()).objects(doomed).build())) {
                DeleteError e = error.get();
                throw new RegistryException(describe("delete", e.objectName()) + ": S3 answered " + e.code() + " "
                        + e.message() + "; check the delete permission of the credentials");
            }
            return null;
        });
    }

    /** Where a key lives, e.g. {@code s3://models/shop/api/v.../manifest.json at http://minio:9000}. */
    @Override
    public String location(String key) {
        return "s3://" + settings.bucket() + "/" + key + " at " + settings.endpoint();
    }

    private String describe(String operation, String key) {
        return "cannot " + operation + " " + location(key);
    }

    private <T> T call(String operation, String key, S3Call<T> call) {
        try {
            return call.run();
        } catch (RegistryException e) {
            throw e;
        } catch (ErrorResponseException e) {
            throw new RegistryException(describe(operation, key) + ": S3 answered " + e.errorResponse().code() + " "
                    + e.errorResponse().message() + "; check the bucket name, region and the credentials' permissions", e);
        } catch (SSLException e) {
            throw new RegistryException(describe(operation, key) + ": TLS failed: " + e.getMessage()
                    + "; check that the endpoint serves https and that its certificate is signed by the configured"
                    + " CA file (" + (settings.caFile() == null ? "none: the JVM's trust store" : settings.caFile())
                    + ")", e);
        } catch (IOException e) {
            throw new RegistryException(describe(operation, key) + ": " + e.getMessage()
                    + "; check that the S3 endpoint is reachable and its URL is right", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(describe(operation, key) + ": interrupted", e);
        } catch (Exception e) {
            throw new RegistryException(describe(operation, key) + ": " + e
                    + "; check the endpoint, credentials and region", e);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    @FunctionalInterface
    private interface S3Call<T> {
        T run() throws Exception;
    }
}
