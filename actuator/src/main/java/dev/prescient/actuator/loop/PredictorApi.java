package dev.prescient.actuator.loop;

import dev.prescient.common.api.ErrorResponse;
import dev.prescient.common.api.ForecastBatch;
import dev.prescient.common.api.ForecastResponse;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The predictor's {@code GET /forecast} and {@code POST /forecasts} (every workload of a tick in one call). URL and timeouts come from {@code quarkus.rest-client.predictor.*};
 * {@link ForecastFetcher} retries it. With {@code prescient.actuator.predictor.token-file} set, every call carries
 * the predictor's bearer token ({@link PredictorToken}).
 */
@RegisterRestClient(configKey = "predictor")
@RegisterClientHeaders(PredictorToken.class)
@Path("/")
public interface PredictorApi {

    @GET
    @Path("forecast")
    @Produces(MediaType.APPLICATION_JSON)
    ForecastResponse forecast(@QueryParam("workload") String workload);

    @POST
    @Path("forecasts")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    ForecastBatch.Response forecasts(ForecastBatch.Request workloads);

    /** 5xx → {@link PredictorUnavailableException} (retried), other errors → {@link PredictorRejectedException}. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        ErrorResponse error = error(response);
        String detail = error == null ? "(body is not an error JSON)" : error.error() + ": " + error.detail();
        if (response.getStatus() >= 500) {
            return new PredictorUnavailableException(response.getStatus(), detail);
        }
        return new PredictorRejectedException(response.getStatus(),
                error == null || error.error() == null ? "" : error.error(), detail);
    }

    private static ErrorResponse error(Response response) {
        try {
            return response.readEntity(ErrorResponse.class);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
