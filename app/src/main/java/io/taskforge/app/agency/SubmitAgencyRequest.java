package io.taskforge.app.agency;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/agencies}. Only {@code groups} is required (and may be empty for a {@code
 * keepOpen} agency that receives its groups later).
 *
 * @param context the shared session context every group starts from
 * @param keepOpen the agency stays open for more groups and context until {@code POST /{id}/close}
 */
public record SubmitAgencyRequest(
    String id,
    String name,
    String description,
    Map<String, String> metadata,
    Map<String, Object> context,
    List<AgencyGroupRequest> groups,
    Boolean keepOpen) {}
