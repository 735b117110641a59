package dev.prescient.common.policy.burst;

import java.time.Instant;

/**
 * One possible onset of a recurring burst near now, as the policy weighs it.
 *
 * @param onset when the burst would start
 * @param probability chance that the burst starts at exactly this onset
 * @param peakDemand demand to plan for if it does (the level times the height quantile of past bursts there)
 * @param level the demand level before the burst's minute of the hour
 * @param refuted the onset has passed and the demand observed since shows no burst
 */
public record BurstCover(Instant onset, double probability, double peakDemand, double level, boolean refuted) {
}
