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
        java.util.Map<String, String> versions = new java.util.LinkedHashMap<>();
        versions.put("djl", Engine.getDjlVersion());
        versions.put("pytorch", engine().getVersion());
        return versions;
    }

    /**
     * Runs {@code forward} with PyTorch autograd enabled on this thread, restoring the previous mode.
     *
     * <p>Works around a defect of DJL 0.36 with PyTorch 2.7.1 on CPU: with autograd off (DJL's default
     * on the thread that loaded the engine) the LSTM operator returns wrong values, while with it on
     * it matches the LSTM equations (checked in {@code LstmAutogradWorkaroundTest}). Training always
     * runs with autograd on, so every inference pass must too. No graph is kept: inference inputs do
     * not require gradients and the NDArrays are closed after each call.
     */
    static <T> T withAutograd(java.util.function.Supplier<T> forward) {
        boolean previous = ai.djl.pytorch.jni.JniUtils.isGradMode();
        ai.djl.pytorch.jni.JniUtils.setGradMode(true);
        try {
            return forward.get();
        } finally {
            ai.djl.pytorch.jni.JniUtils.setGradMode(previous);
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
