/** Wire contracts of the Prescient REST services, shared by the services and their clients. */
package dev.prescient.common.api;
