package dev.prescient.trainer.backtest;

import dev.prescient.common.policy.Decision;

/** A policy decision and the simulated minute it was made at. */
public record TimedDecision(int minute, Decision decision) {
}
