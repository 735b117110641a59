package dev.prescient.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped Grafana dashboard parses and every panel queries Prometheus through the dashboard's datasource
 * variable. That its metric names are the ones the services export is checked against the running services'
 * {@code /q/metrics} by the actuator's end-to-end IT.
 */
class GrafanaDashboardTest {

    static final Path DASHBOARD = Rendered.repoRoot().resolve("monitoring/grafana/prescient-dashboard.json");

    @Test
    void everyPanelHasPrometheusQueriesOnTheDatasourceVariable() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.get("uid").asText()).isEqualTo("prescient");
        List<String> titles = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            titles.add(panel.get("title").asText());
            assertThat(panel.get("datasource").get("uid").asText()).isEqualTo("${datasource}");
            assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                assertThat(target.get("expr").asText()).as(panel.get("title").asText()).isNotBlank();
            }
        }
        assertThat(String.join("|", titles)).contains("Forecast p50 / p90 vs actual rate", "Desired vs actual replicas",
                "Holds", "Demoted", "Model version", "accuracy");
    }
}
