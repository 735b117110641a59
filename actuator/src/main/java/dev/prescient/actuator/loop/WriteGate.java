package dev.prescient.actuator.loop;

/**
 * What a tick holds back while it decides: the writes that are not the decision (Events, statuses), so the scale
 * writes have the API server to themselves. Pauses nest.
 */
public interface WriteGate {

    /** Holds nothing back. */
    WriteGate NONE = new WriteGate() {
        @Override
        public void pause() {
        }

        @Override
        public void resume() {
        }
    };

    /** Hold writes back until as many {@link #resume()}s. */
    void pause();

    void resume();
}
