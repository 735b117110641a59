package dev.prescient.predictor.serving;

import ai.djl.engine.Engine;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import org.jboss.logging.Logger;

/**
 * Entry point of the packaged predictor. Configures DJL before anything touches the PyTorch engine
 * (one intra-op and one inter-op thread, no downloads; values given with {@code -D} win) and loads the
 * engine on a background thread while Quarkus boots, so the first model load does not pay for it.
 */
@QuarkusMain
public final class PredictorMain {

    private static final Logger LOG = Logger.getLogger(PredictorMain.class);

    private PredictorMain() {
    }

    public static void main(String... args) {
        setIfAbsent("ai.djl.pytorch.num_threads", "1");
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        setIfAbsent("ai.djl.offline", "true");
        if (!Boolean.getBoolean("quarkus.appcds.generate")) {
            Thread warm = new Thread(PredictorMain::loadEngine, "prescient-engine-warm-up");
            warm.setDaemon(true);
            warm.start();
        }
        Quarkus.run(args);
    }

    private static void loadEngine() {
        try {
            Engine.getEngine("PyTorch");
        } catch (RuntimeException | LinkageError e) {
            LOG.warnf("could not load the PyTorch engine ahead of the models: %s; the first model load will try again",
                    e.toString());
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
