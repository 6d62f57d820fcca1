package io.taskforge.app.support;

import io.taskforge.activities.egress.EgressConfiguration;
import io.taskforge.app.egress.SubmittedUrls;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The egress policy (application.yml's, deny by default) and its submission check, for a
 * {@code @WebFluxTest} slice that imports the request validators.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({EgressConfiguration.class, SubmittedUrls.class})
public class SliceEgress {}
