package io.taskforge.app.agency;

import java.util.List;

/** A page of agencies, newest first; {@code nextPageToken} is null on the last page. */
public record AgencyPage(List<AgencySummary> agencies, String nextPageToken) {}
