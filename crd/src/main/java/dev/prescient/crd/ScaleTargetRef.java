package dev.prescient.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** The object whose replicas are managed, in the PredictiveScaler's namespace (HPA's {@code scaleTargetRef}). */
public class ScaleTargetRef {

    @JsonPropertyDescription("API version of the target; default apps/v1.")
    @Default("apps/v1")
    @Pattern("^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?v[0-9]+((alpha|beta)[0-9]+)?$")
    @Size(max = 253)
    private String apiVersion;

    @JsonPropertyDescription("Kind of the target: Deployment or StatefulSet.")
    @Required
    @Pattern("^[A-Z][A-Za-z0-9]*$")
    @Size(max = 63)
    private String kind;

    @JsonPropertyDescription("Name of the target.")
    @Required
    @Size(min = 1, max = 253)
    private String name;

    public ScaleTargetRef() {
    }

    public ScaleTargetRef(String apiVersion, String kind, String name) {
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.name = name;
    }

    public String getApiVersion() {
        return apiVersion;
    }

    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScaleTargetRef other && Objects.equals(apiVersion, other.apiVersion)
                && Objects.equals(kind, other.kind) && Objects.equals(name, other.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(apiVersion, kind, name);
    }
}
