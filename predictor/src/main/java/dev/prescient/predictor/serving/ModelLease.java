package dev.prescient.predictor.serving;

/**
 * A loaded model taken for one forecast. While any lease on it is open the model is not closed, even when it
 * is evicted or replaced meanwhile; {@link #close()} gives it back (once; later calls do nothing).
 */
public interface ModelLease extends AutoCloseable {

    ServingModel model();

    @Override
    void close();
}
