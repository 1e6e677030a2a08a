package dev.gantry.translator.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The Jackson 2 mapper for fabric8's model classes (they carry Jackson 2 annotations, so Boot 4's
 * Jackson 3 mapper is no use here). Unknown properties are ignored: newer API versions add fields,
 * and an unknown field must not cost us the whole object.
 */
final class KubernetesJson {

    private KubernetesJson() {
    }

    static ObjectMapper mapper() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }
}
