package dev.prescient.common.series.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusHttpExceptionTest {

    @ParameterizedTest(name = "HTTP {0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "400 | {\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:5: parse error: unexpected <EOF>\"}"
                    + " | bad_data | 1:5: parse error: unexpected <EOF> | false",
            "422 | {\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"too many samples\"}"
                    + " | execution | too many samples | false",
            "503 | {\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"queue full\"}"
                    + " | unavailable | queue full | true",
            "502 | <html><body>Bad Gateway</body></html> | | <html><body>Bad Gateway</body></html> | true",
            "429 | `` | | (empty body) | true",
            "404 | 404 page not found | | 404 page not found | false",
    })
    void carriesPrometheusErrorTextOrTheRawBody(int status, String body, String errorType, String errorText,
                                                boolean isTransient) {
        PrometheusHttpException e = PrometheusHttpException.fromBody(status, body);

        assertThat(e.status()).isEqualTo(status);
        assertThat(e.errorType()).isEqualTo(errorType == null ? "" : errorType);
        assertThat(e.errorText()).isEqualTo(errorText);
        assertThat(e.isTransient()).isEqualTo(isTransient);
    }
}
