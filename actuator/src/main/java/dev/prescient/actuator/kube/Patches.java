package dev.prescient.actuator.kube;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One PATCH request, exactly as given, through the client's HTTP stack (its authentication and TLS). fabric8's
 * {@code resource(…).patch(context, text)} GETs the whole object before every patch (it wants the item it patches),
 * and its {@code subresource("scale")} does too: a write would cost two requests, and the {@code /scale} write a read
 * of the object RBAC need not grant. The answer is not read back into a model: the actuator reads through its caches.
 */
final class Patches {

    static final String MERGE = "application/merge-patch+json";
    static final String JSON_PATCH = "application/json-patch+json";

    private final KubernetesClient client;
    private final long timeoutMillis;

    Patches(KubernetesClient client) {
        this.client = client;
        Integer timeout = client.getConfiguration().getRequestTimeout();
        this.timeoutMillis = timeout == null || timeout <= 0 ? 10_000 : timeout;
    }

    /** {@code /apis/<group>/<version>/namespaces/<ns>/<plural>/<name>[/<subresource>]} ({@code /api/v1/…} for core). */
    static String path(ResourceDefinitionContext context, String namespace, String name, String subresource) {
        String group = context.getGroup() == null || context.getGroup().isEmpty() ? "api/" + context.getVersion()
                : "apis/" + context.getGroup() + "/" + context.getVersion();
        return group + "/namespaces/" + namespace + "/" + context.getPlural() + "/" + name
                + (subresource == null ? "" : "/" + subresource);
    }

    /**
     * @throws KubernetesClientException with the API server's status (code 409 on a stale resourceVersion, 403, …)
     */
    void patch(String path, String contentType, String body) {
        String url = client.getMasterUrl().toString().replaceAll("/+$", "") + "/" + path;
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(url)
                .method("PATCH", contentType, body).build();
        HttpResponse<String> response;
        try {
            response = client.getHttpClient().sendAsync(request, String.class).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("PATCH " + path + " interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KubernetesClientException("PATCH " + path + " failed: " + e.getMessage(), e);
        }
        if (!response.isSuccessful()) {
            Status status = status(response);
            throw new KubernetesClientException("PATCH " + path + " answered " + response.code() + ": "
                    + status.getMessage(), response.code(), status);
        }
    }

    private Status status(HttpResponse<String> response) {
        try {
            Status status = client.getKubernetesSerialization().unmarshal(response.body(), Status.class);
            if (status != null && status.getCode() != null) {
                return status;
            }
        } catch (RuntimeException e) {
            // not a Status: described below
        }
        return new StatusBuilder().withCode(response.code()).withMessage(response.body()).build();
    }
}
