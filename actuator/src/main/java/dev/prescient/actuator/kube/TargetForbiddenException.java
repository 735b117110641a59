package dev.prescient.actuator.kube;

/**
 * The API server answered 403: the actuator's service account lacks a permission.
 *
 * @see #verb()
 * @see #resource()
 */
public class TargetForbiddenException extends RuntimeException {

    private final String verb;
    private final String resource;
    private final String namespace;

    public TargetForbiddenException(String verb, String resource, String namespace, Throwable cause) {
        super("forbidden: the actuator may not " + verb + " " + resource + " in namespace " + namespace
                + "; grant its service account the verb '" + verb + "' on '" + resource
                + "' (see actuator/README.md, RBAC)", cause);
        this.verb = verb;
        this.resource = resource;
        this.namespace = namespace;
    }

    public String verb() {
        return verb;
    }

    public String resource() {
        return resource;
    }

    public String namespace() {
        return namespace;
    }
}
