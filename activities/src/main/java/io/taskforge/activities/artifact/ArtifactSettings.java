package io.taskforge.activities.artifact;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The artifact store ({@code taskforge.artifacts.*}).
 *
 * @param dir the folder that holds artifacts
 * @param inlineResultLimitBytes results larger than this go to the store instead of history
 */
@ConfigurationProperties("taskforge.artifacts")
public record ArtifactSettings(
    @DefaultValue(".data/artifacts") String dir,
    @DefaultValue("262144") long inlineResultLimitBytes) {}
