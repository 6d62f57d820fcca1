package io.taskforge.app.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tells the OpenAPI document (and so Swagger UI's Authorize button) how to authenticate: an API key
 * in {@code X-API-Key}, or a bearer token (an API key or a JWT).
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocsSecurity {
  static final String API_KEY = "apiKey";
  static final String BEARER = "bearer";

  @Bean
  OpenApiCustomizer apiSecuritySchemes() {
    return openApi -> {
      Components components =
          openApi.getComponents() == null ? new Components() : openApi.getComponents();
      components
          .addSecuritySchemes(
              API_KEY,
              new SecurityScheme()
                  .type(SecurityScheme.Type.APIKEY)
                  .in(SecurityScheme.In.HEADER)
                  .name(ApiKeyAuthentication.HEADER)
                  .description("An API key, tf_..."))
          .addSecuritySchemes(
              BEARER,
              new SecurityScheme()
                  .type(SecurityScheme.Type.HTTP)
                  .scheme("bearer")
                  .description("An API key (tf_...) or, where configured, a JWT"));
      openApi
          .components(components)
          .addSecurityItem(new SecurityRequirement().addList(API_KEY))
          .addSecurityItem(new SecurityRequirement().addList(BEARER));
    };
  }
}
