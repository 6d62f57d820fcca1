package io.taskforge.app.schedule;

/**
 * {@code PATCH /api/v1/schedules/{id}}: what is present replaces the schedule's: the whole {@code
 * action}, the whole {@code spec}, each given field of {@code policy}. Pausing and resuming have
 * their own endpoints.
 */
public record UpdateScheduleRequest(
    CreateScheduleRequest.Action action,
    CreateScheduleRequest.Spec spec,
    CreateScheduleRequest.Policy policy) {}
