package io.backstream.scheduler;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** Backstream scheduler: policies, cron firing, ad-hoc backups and restore drills. */
@OpenAPIDefinition(info = @Info(title = "scheduler-svc", version = "v1", description = "Backstream scheduler: policies, cron firing, ad-hoc backups and restore drills."))
public final class SchedulerApplication {

    private SchedulerApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(SchedulerApplication.class, args);
    }
}
