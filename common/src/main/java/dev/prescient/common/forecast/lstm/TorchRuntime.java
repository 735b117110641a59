package dev.prescient.common.forecast.lstm;

import ai.djl.engine.Engine;

/**
 * The PyTorch engine, configured for a small shared CPU before it is first touched: one intra-op and
 * one inter-op thread, and no downloads. Properties already set by the operator win.
 */
final class TorchRuntime {

    static final String ENGINE = "PyTorch";

    private TorchRuntime() {
    }

    static Engine engine() {
        setIfAbsent("ai.djl.pytorch.num_threads", "1");
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        setIfAbsent("ai.djl.offline", "true");
        return Engine.getEngine(ENGINE);
    }

    /** DJL and PyTorch versions, for manifests. */
    static java.util.Map<String, String> libraryVersions() {
        return java.util.Map.of("djl", Engine.getDjlVersion(), "pytorch", engine().getVersion());
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
