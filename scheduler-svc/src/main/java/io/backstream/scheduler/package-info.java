/** scheduler-svc: fires policies on their cron schedules, takes ad-hoc backup requests and schedules restore drills. */
package io.backstream.scheduler;
