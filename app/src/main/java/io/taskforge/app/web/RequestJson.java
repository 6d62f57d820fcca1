package io.taskforge.app.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * How request bodies are read: strictly. A field the request type does not have (a typo such as
 * {@code priorty}) is refused rather than dropped, as are a fraction where an integer belongs, a
 * key given twice, text after the JSON value, and text holding lone UTF-16 surrogates. Only the
 * server's request decoding changes: responses, and Temporal's own (lenient) payload conversion,
 * keep their mappers.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE) // after Spring Boot's codec set-up, which it refines
public class RequestJson implements WebFluxConfigurer {
  private final JsonMapper mapper;

  public RequestJson(JsonMapper mapper) {
    this.mapper =
        mapper
            .rebuild()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
  }

  @Override
  public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
    configurer.defaultCodecs().jacksonJsonDecoder(new RequestJsonDecoder(mapper));
  }
}
