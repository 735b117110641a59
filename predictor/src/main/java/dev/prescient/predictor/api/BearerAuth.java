package dev.prescient.predictor.api;

import dev.prescient.predictor.serving.PredictorMetrics;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * With a token configured ({@link ApiToken}), every REST request ({@code /forecast}, {@code /workloads}) without
 * {@code Authorization: Bearer <token>} is answered 401 JSON, before the request is matched or its body read,
 * and counted ({@code prescient_requests_rejected_total{reason="unauthorized"}}). Health ({@code /q/health/*}),
 * metrics ({@code /q/metrics}) and the OpenAPI document are not REST resources and stay open, for the
 * kubelet's probes and Prometheus.
 */
public class BearerAuth {

    private final ApiToken token;
    private final PredictorMetrics metrics;

    public BearerAuth(ApiToken token, PredictorMetrics metrics) {
        this.token = token;
        this.metrics = metrics;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> authenticate(ContainerRequestContext request) {
        if (token.accepts(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            return Optional.empty();
        }
        metrics.rejected(ApiException.UNAUTHORIZED);
        boolean presented = request.getHeaderString(HttpHeaders.AUTHORIZATION) != null;
        return Optional.of(Response.fromResponse(ApiErrors.json(401, ApiException.UNAUTHORIZED,
                        (presented ? "the bearer token presented is not this predictor's" : "this predictor requires "
                                + "a token") + "; send Authorization: Bearer <token>, the token of the Secret "
                                + "mounted at prescient.predictor.auth.token-file"))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"prescient-predictor\"").build());
    }
}
