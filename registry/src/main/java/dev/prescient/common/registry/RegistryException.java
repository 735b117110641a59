package dev.prescient.common.registry;

/** A registry operation failed: storage unreachable or refusing, unknown version, refused put. */
public class RegistryException extends RuntimeException {

    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
