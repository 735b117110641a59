package dev.prescient.common.registry;

/**
 * What {@link PromotionGate} decided.
 *
 * @param promote true if the candidate should become production
 * @param reason why, in words that fit an S3 tag value
 */
public record GateDecision(boolean promote, String reason) {
}
