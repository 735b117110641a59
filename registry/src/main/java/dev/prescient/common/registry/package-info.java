/**
 * Model registry: trained artifacts stored per workload and version in an S3 bucket, with a stage
 * (candidate, production, archived) kept as object tags, and the gate that decides promotion.
 */
package dev.prescient.common.registry;
