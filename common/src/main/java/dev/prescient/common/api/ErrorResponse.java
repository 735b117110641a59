package dev.prescient.common.api;

/**
 * Error body of every Prescient REST endpoint: {@code {"error": …, "detail": …}}. {@code error} is a
 * short machine-friendly reason (e.g. {@code history-unavailable}), {@code detail} says what went
 * wrong with which input and what to do. Never a stack trace.
 */
public record ErrorResponse(String error, String detail) {
}
