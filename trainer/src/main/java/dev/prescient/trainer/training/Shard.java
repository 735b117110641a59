package dev.prescient.trainer.training;

import dev.prescient.common.model.WorkloadSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * One of {@code count} disjoint parts of the configured workloads, the part one trainer process (one pod of
 * an Indexed Job) trains. A workload belongs to shard {@code h mod count}, where {@code h} is the first 8 bytes
 * of the SHA-256 of its UTF-8 {@code namespace/name}, read big-endian as an unsigned 64-bit number. The hash
 * depends on nothing but the key, so every process, JVM and version splits a list the same way, and a
 * workload keeps its shard when others are added or removed (it moves only when {@code count} changes).
 *
 * @param index this shard, in {@code [0, count)}
 * @param count how many shards the workloads are split into, at least 1
 */
public record Shard(int index, int count) {

    /** The whole list: what an unsharded run trains. */
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1) {
            throw new IllegalArgumentException("the shard count must be at least 1, got " + count);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("shard index " + index + " is out of range for " + count
                    + " shards: it must be in 0.." + (count - 1));
        }
    }

    /** The shard, out of {@code count}, that {@code workload} ({@code namespace/name}) belongs to. */
    public static int of(String workload, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("the shard count must be at least 1, got " + count);
        }
        return (int) Long.remainderUnsigned(hash(workload), count);
    }

    /** Whether this shard trains {@code workload} ({@code namespace/name}). */
    public boolean owns(String workload) {
        return of(workload, count) == index;
    }

    /** The workloads of this shard, in their configured order. */
    public List<WorkloadSpec> select(List<WorkloadSpec> workloads) {
        return workloads.stream().filter(w -> owns(w.key())).toList();
    }

    /** {@code INDEX/COUNT}, as {@code train --shard} takes it and the JSON lines show it. */
    @Override
    public String toString() {
        return index + "/" + count;
    }

    /** The first 8 bytes of SHA-256 of the UTF-8 key, big-endian. */
    static long hash(String workload) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(workload.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must provide", e);
        }
    }
}
