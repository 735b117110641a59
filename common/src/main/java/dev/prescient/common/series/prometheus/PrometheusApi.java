package dev.prescient.common.series.prometheus;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The part of the Prometheus HTTP API that history needs. Built by {@link PrometheusClientFactory}
 * from {@link PrometheusSettings}, or injected with {@code @RestClient} and configured under
 * {@code quarkus.rest-client.prometheus.*}. Times are Unix seconds with millisecond decimals.
 */
@RegisterRestClient(configKey = "prometheus")
@Path("/api/v1")
public interface PrometheusApi {

    /**
     * Evaluates {@code query} at {@code start}, {@code start + step}, ... up to and including
     * {@code end}.
     *
     * @throws PrometheusHttpException for any HTTP status of 400 or above
     * @throws jakarta.ws.rs.ProcessingException when the server cannot be reached or times out
     */
    @GET
    @Path("/query_range")
    @Produces(MediaType.APPLICATION_JSON)
    QueryRangeResponse queryRange(@QueryParam("query") String query, @QueryParam("start") String start,
                                  @QueryParam("end") String end, @QueryParam("step") String step);

    /** Turns an error status into an exception that carries Prometheus' own error text. */
    @ClientExceptionMapper
    static PrometheusHttpException toException(Response response) {
        return PrometheusHttpException.from(response);
    }
}
