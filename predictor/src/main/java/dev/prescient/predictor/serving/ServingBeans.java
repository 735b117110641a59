package dev.prescient.predictor.serving;

import dev.prescient.common.config.WorkloadCatalog;
import dev.prescient.common.series.HistoryException;
import dev.prescient.common.series.HistorySource;
import dev.prescient.common.series.prometheus.PrometheusConfig;
import dev.prescient.common.series.prometheus.PrometheusHistorySource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import dev.prescient.crd.catalog.CatalogConfig;
import dev.prescient.crd.catalog.WorkloadCatalogs;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Builds the serving objects from configuration and starts them. Everything is checked at start-up:
 * a bad setting or workloads file stops the process with a message naming the key or the field.
 */
@ApplicationScoped
public class ServingBeans {

    private static final Logger LOG = Logger.getLogger(ServingBeans.class);

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The workloads.yaml of {@code prescient.predictor.workloads-file}, or the PredictiveScalers of the cluster with
     * {@code prescient.catalog.source=kubernetes}.
     */
    @Produces
    @Singleton
    WorkloadCatalog workloads(PredictorConfig config, CatalogConfig catalogConfig, Instance<KubernetesClient> client) {
        config.validate();
        WorkloadCatalog catalog = WorkloadCatalogs.open(catalogConfig, () -> Path.of(config.workloadsFile()),
                client::get);
        LOG.infof("serving %d workload(s)", catalog.keys().size());
        return catalog;
    }

    void closeWorkloads(@Disposes WorkloadCatalog workloads) {
        WorkloadCatalogs.close(workloads);
    }

    @Produces
    @Singleton
    ModelLifecycle models(PredictorConfig config, WorkloadCatalog workloads, RegistryConfig registry,
                          PredictorMetrics metrics, Clock clock) {
        return new ModelLifecycle(config, workloads, ModelLifecycle.registry(registry), metrics, clock);
    }

    @Produces
    @Singleton
    HistorySource historySource(PrometheusConfig prometheus) {
        if (prometheus.url().isEmpty()) {
            LOG.warn("prescient.prometheus.url is not set: GET /forecast answers 503; POST the history instead");
            return query -> {
                throw new HistoryException("no history source is configured; set prescient.prometheus.url or "
                        + "POST the history to /forecast", false);
            };
        }
        return PrometheusHistorySource.create(prometheus.toSettings());
    }

    void closeHistorySource(@Disposes HistorySource source) {
        if (source instanceof PrometheusHistorySource prometheus) {
            prometheus.close();
        }
    }

    @Produces
    @Singleton
    HistoryCache historyCache(HistorySource source, PredictorMetrics metrics, Clock clock, ModelLifecycle models,
                              PredictorConfig config, PrometheusConfig prometheus) {
        Duration gap = prometheus.maxInterpolatedGap();
        Duration refetch = config.historyRefetch().compareTo(gap) < 0 ? gap : config.historyRefetch();
        HistoryCache cache = new HistoryCache(source, metrics, clock, refetch);
        models.addMembership(new ModelLifecycle.Membership() {
            @Override
            public void left(String workload) {
                cache.forget(workload);
            }
        });
        return cache;
    }

    /**
     * Live accuracy of every workload, with its gauges registered up front (NaN until scored), and for each workload
     * that joins the catalogue later; one that leaves is forgotten (its gauges go with its other metrics).
     */
    @Produces
    @Singleton
    ForecastAccuracy accuracy(WorkloadCatalog workloads, PredictorMetrics metrics, ModelLifecycle models) {
        ForecastAccuracy accuracy = new ForecastAccuracy();
        workloads.keys().forEach(key -> metrics.watchAccuracy(key, accuracy));
        models.addMembership(new ModelLifecycle.Membership() {
            @Override
            public void joined(String workload) {
                metrics.watchAccuracy(workload, accuracy);
            }

            @Override
            public void left(String workload) {
                accuracy.forget(workload);
            }
        });
        return accuracy;
    }

    @Produces
    @Singleton
    ForecastService forecasts(ModelLifecycle models, HistoryCache history, PredictorMetrics metrics, Clock clock,
                              PredictorConfig config, ForecastAccuracy accuracy) {
        return new ForecastService(models, history, metrics, clock,
                config.historyWindow(), config.forecastCache(), accuracy);
    }

    /**
     * Starts loading models as soon as the application starts, then builds the forecast service (and with
     * it the Prometheus client), so a bad setting still stops the start-up but does not delay the models.
     * Once the models are ready the step job starts: it always scores accuracy, and prefetches forecasts when
     * {@code prefetch} and {@code forecast-cache} are on.
     */
    void onStart(@Observes StartupEvent event, ModelLifecycle models, Instance<ForecastService> forecasts,
                 Instance<ForecastPrefetcher> prefetcher, WorkloadCatalog workloads) {
        models.start(() -> prefetcher.get().start(workloads::all));
        forecasts.get();
    }

    @Produces
    @Singleton
    ForecastPrefetcher prefetcher(ForecastService forecasts, PredictorConfig config, Clock clock) {
        return new ForecastPrefetcher(forecasts, config.defaultHorizon(), clock,
                config.prefetch() && config.forecastCache(), config.stepJobThreadCount());
    }

    void closePrefetcher(@Disposes ForecastPrefetcher prefetcher) {
        prefetcher.close();
    }

    void onStop(@Observes ShutdownEvent event, ModelLifecycle models) {
        models.stop();
    }
}
