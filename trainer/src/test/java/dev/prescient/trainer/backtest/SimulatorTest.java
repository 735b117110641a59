package dev.prescient.trainer.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SimulatorTest {

    /** Controller that asks for a fixed script of pod counts, one per simulated minute. */
    private static Controller script(int... counts) {
        return new Controller() {
            private int i;

            @Override
            public String name() {
                return "script";
            }

            @Override
            public int desired(SimView view) {
                return counts[i++];
            }
        };
    }

    @Test
    void podsServeOnlyAfterTheStartupDelay() {
        double[] demand = {10, 10, 30, 30, 30, 30};
        // C = 10, D = 2, simulate minutes 1..5; starts with ceil(10/10) = 1 pod.
        Simulator sim = new Simulator(demand, new Scenario(10, 2, 1, 1, 6));
        PolicyResult r = sim.run(script(3, 3, 3, 3, 3));
        // asked for 3 at minute 1 -> ready from minute 3
        assertThat(r.ready()).containsExactly(1, 1, 3, 3, 3);
        assertThat(r.total()).containsExactly(3, 3, 3, 3, 3);
        // minute 2 is short: 30 > 1 x 10, dropped 20 of 130 demanded
        assertThat(r.underProvisionedPct()).isCloseTo(20.0, within(1e-9));
        assertThat(r.droppedPct()).isCloseTo(100.0 * 20 / 130, within(1e-9));
        assertThat(r.podMinutes()).isEqualTo(15);
        assertThat(r.scaleChanges()).isEqualTo(1);
    }

    @Test
    void scaleDownIsImmediateAndCancelsStartingPodsFirst() {
        double[] demand = {20, 20, 20, 20, 20};
        Simulator sim = new Simulator(demand, new Scenario(10, 3, 1, 1, 5));
        // 2 ready; ask 5 (3 starting), then 3 (cancels 2 starting), then 1 (cancels the last starting, then a ready one)
        PolicyResult r = sim.run(script(5, 3, 1, 1));
        assertThat(r.total()).containsExactly(5, 3, 1, 1);
        assertThat(r.ready()).containsExactly(2, 2, 1, 1);
    }

    @Test
    void oracleProvisionsTheMaxNeedOverTheNextDMinutes() {
        double[] demand = {10, 10, 10, 50, 10, 10, 10};
        Simulator sim = new Simulator(demand, new Scenario(10, 2, 1, 1, 7));
        PolicyResult o = sim.oracle();
        // need = 1,1,5,1,1,1 over minutes 1..6; provisioned[t] = max need over [t, t+2]
        assertThat(o.total()).containsExactly(5, 5, 5, 1, 1, 1);
        assertThat(o.podMinutes()).isEqualTo(18);
        assertThat(o.underProvisionedPct()).isZero();
    }

    @Test
    void controllersCannotSeeTheCurrentMinute() {
        double[] demand = {10, 10, 10};
        Simulator sim = new Simulator(demand, new Scenario(10, 1, 1, 1, 3));
        Controller cheat = new Controller() {
            @Override
            public String name() {
                return "cheat";
            }

            @Override
            public int desired(SimView view) {
                return (int) view.demand(view.minute());
            }
        };
        assertThatThrownBy(() -> sim.run(cheat)).hasMessageContaining("read demand at minute 1 while deciding at minute 1");
    }

    @Test
    void rejectsGapsInDemandTheSegmentDoesNotBridgeNamingTheMinute() {
        assertThatThrownBy(() -> new Simulator(new double[] {1, Double.NaN, 1}, new Scenario(1, 1, 1, 1, 3)))
                .hasMessageContaining("demand at minute 1 is NaN");
    }

    @Test
    void aBridgedGapIsLivedThroughButNotCounted() {
        // minutes 3-4 are a gap the segment bridges: the controller still decides there and the cluster runs on
        double[] demand = {10, 10, 10, Double.NaN, Double.NaN, 50, 50};
        Segment segment = new Segment(0, 1, 7, java.util.List.of(new Segment.Gap(3, 5)));
        Simulator sim = new Simulator(demand, new Scenario(10, 2, 1, java.util.List.of(segment)));
        java.util.List<Double> seen = new java.util.ArrayList<>();
        Controller recorder = new Controller() {
            @Override
            public String name() {
                return "recorder";
            }

            @Override
            public int desired(SimView view) {
                seen.add(view.demand(view.minute() - 1));
                return view.minute() == 3 ? 5 : view.total();
            }
        };

        PolicyResult r = sim.run(recorder);

        // decisions at minutes 4 and 5 see the gap; the 5 pods asked for at minute 3 are ready at 5
        assertThat(seen).containsExactly(10.0, 10.0, 10.0, Double.NaN, Double.NaN, 50.0);
        assertThat(r.total()).containsExactly(1, 1, 0, 0, 5, 5);
        assertThat(r.ready()).containsExactly(1, 1, 0, 0, 5, 5);
        // 4 minutes counted, none short; the pods of the gap cost nothing, the change made in it counts
        assertThat(r.underProvisionedPct()).isZero();
        assertThat(r.podMinutes()).isEqualTo(12);
        assertThat(r.scaleChanges()).isEqualTo(1);
        PolicyResult oracle = sim.oracle();
        // the oracle provisions for the known minutes of [t, t + 2] only, and nothing in the gap
        assertThat(oracle.total()).containsExactly(1, 1, 0, 0, 5, 5);
        assertThat(oracle.podMinutes()).isEqualTo(12);
    }

    @Test
    void theHpaKeepsItsCountWithoutMetricsInABridgedGap() {
        double[] demand = {70, 70, 70, Double.NaN, Double.NaN, Double.NaN, 14, 14};
        Segment segment = new Segment(0, 1, 8, java.util.List.of(new Segment.Gap(3, 6)));
        PolicyResult r = new Simulator(demand, new Scenario(10, 0, 1, java.util.List.of(segment)))
                .run(HpaEmulator.standard(10));

        // 10 pods for 70 at target 0.7; through the gap (decisions at 4, 5, 6 see no demand) it keeps 10 and makes no
        // recommendation; at minute 7 the 14 seen asks for 2, but the 10s of before the gap are still in its window
        assertThat(r.total()).containsExactly(10, 10, 0, 0, 0, 10, 10);
    }

    @Test
    void hpaKeepsTheCountWithinToleranceAndStabilisesScaleDown() {
        // C = 10, target 0.7: 7 rpm per pod at target.
        double[] demand = {70, 70, 76, 200, 20, 20, 20, 20, 20, 20, 20};
        Simulator sim = new Simulator(demand, new Scenario(10, 0, 1, 1, 11));
        PolicyResult r = sim.run(HpaEmulator.standard(10));
        // start: ceil(70/10) = 7 pods; u = 70/70 = 1 -> 1/0.7 - 1 = 0.43 > 0.1 -> rec ceil(70/7) = 10
        // minute 2: u = 70/100 = 0.7 -> keep 10; minute 3: 76/100 -> 1.086 - 1 <= 0.1 -> keep 10
        // minute 4: 200/100 -> rec ceil(200/7) = 29; minutes 5..9: rec ceil(20/7) = 3 but the max of the
        // last five recommendations includes 29 until minute 9, then 3.
        assertThat(r.total()).containsExactly(10, 10, 10, 29, 29, 29, 29, 29, 3, 3);
    }

    @Test
    void eachSegmentStartsAFreshControllerSizedForTheDemandBeforeIt() {
        // minutes 0-3: one segment simulated over 1..3; 4-5 a gap; 6-9: another simulated over 7..9
        double[] demand = {10, 10, 20, 20, Double.NaN, Double.NaN, 40, 40, 40, 40};
        Scenario s = new Scenario(10, 0, 1, java.util.List.of(new Segment(0, 1, 4), new Segment(6, 7, 10)));
        java.util.List<Segment> seen = new java.util.ArrayList<>();

        PolicyResult r = new Simulator(demand, s).run(segment -> {
            seen.add(segment);
            return script(2, 2, 2);
        });

        assertThat(seen).containsExactly(s.segments().get(0), s.segments().get(1));
        // per-minute results cover [1, 10) with nothing in the gap; the second segment starts with ceil(40/10) pods
        assertThat(r.total()).containsExactly(2, 2, 2, 0, 0, 0, 2, 2, 2);
        assertThat(r.ready()).containsExactly(2, 2, 2, 0, 0, 0, 2, 2, 2);
        // 6 simulated minutes; the first segment is never short, the second is at minutes 7..9 (40 > 20): 3 of 6
        assertThat(r.underProvisionedPct()).isCloseTo(50.0, within(1e-9));
        assertThat(r.droppedPct()).isCloseTo(100.0 * 60 / (50 + 120), within(1e-9));
        assertThat(r.podMinutes()).isEqualTo(12);
        // one change in the first segment (1 -> 2), one in the second (4 -> 2)
        assertThat(r.scaleChanges()).isEqualTo(2);
    }

    @Test
    void aControllerCannotReadBeforeItsSegment() {
        double[] demand = {10, 10, 10, Double.NaN, 10, 10, 10};
        Scenario s = new Scenario(10, 0, 1, java.util.List.of(new Segment(0, 1, 3), new Segment(4, 5, 7)));
        Controller peek = new Controller() {
            @Override
            public String name() {
                return "peek";
            }

            @Override
            public int desired(SimView view) {
                return (int) view.demand(view.minute() - 2);
            }
        };

        assertThatThrownBy(() -> new Simulator(demand, s).run(segment -> peek))
                .hasMessageContaining("read demand at minute -1");
        assertThatThrownBy(() -> new Simulator(demand, new Scenario(10, 0, 1,
                java.util.List.of(new Segment(4, 5, 7)))).run(segment -> peek))
                .hasMessageContaining("read demand at minute 3 before its segment's data starts at minute 4");
    }

    @Test
    void controllersSeeTheSignalWhileTheClusterServesTheRawDemand() {
        double[] demand = {10, 10, 50, 10, 10};
        double[] rate = Signal.parse("rate:2m").of(demand);
        java.util.List<Double> read = new java.util.ArrayList<>();
        Controller reader = new Controller() {
            @Override
            public String name() {
                return "reader";
            }

            @Override
            public int desired(SimView view) {
                read.add(view.demand(view.minute() - 1));
                return 1;
            }
        };

        PolicyResult r = new Simulator(demand, rate, new Scenario(10, 0, 1, 1, 5)).run(reader);

        assertThat(read).containsExactly(10.0, 10.0, 30.0, 30.0);
        // served raw: minute 2 (50 > 10) is short and drops 40 of 80
        assertThat(r.underProvisionedPct()).isCloseTo(25.0, within(1e-9));
        assertThat(r.droppedPct()).isCloseTo(100.0 * 40 / 80, within(1e-9));
    }

    @Test
    void aMultiSegmentScenarioRefusesASingleSharedController() {
        Scenario s = new Scenario(10, 0, 1, java.util.List.of(new Segment(0, 1, 3), new Segment(4, 5, 7)));
        assertThatThrownBy(() -> new Simulator(new double[] {1, 1, 1, 1, 1, 1, 1}, s).run(script(1, 1, 1, 1)))
                .hasMessageContaining("needs a fresh controller per segment");
    }
}
