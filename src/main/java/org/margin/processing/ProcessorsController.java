package org.margin.processing;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.margin.common.InvalidInputException;
import org.margin.group.Permissions;
import org.margin.security.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** For ADMINs: how far each event processor has come, whether it is failing, and what the processors skipped. */
@RestController
class ProcessorsController {

    static final int MAX_LIMIT = 1000;

    private final EventProcessingConfiguration processing;
    private final SkippedEvents skipped;
    private final Permissions permissions;

    ProcessorsController(EventProcessingConfiguration processing, SkippedEvents skipped, Permissions permissions) {
        this.processing = processing;
        this.skipped = skipped;
        this.permissions = permissions;
    }

    /**
     * One entry per processor of this node: running or not, caught up with the store or not, its position,
     * and the failure it is retrying, if any.
     */
    record ProcessorStatus(String name, boolean running, boolean caughtUp, Long position, String error) {
    }

    @GetMapping("/api/admin/processors")
    List<ProcessorStatus> processors() {
        permissions.requireAdmin(Caller.current(), "see the event processors");
        return processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast)
                .map(ProcessorsController::status).sorted(Comparator.comparing(ProcessorStatus::name)).toList();
    }

    @GetMapping("/api/admin/skipped-events")
    List<SkippedEvent> skipped(@RequestParam(defaultValue = "100") int limit) {
        permissions.requireAdmin(Caller.current(), "see skipped events");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return skipped.newest(limit);
    }

    private static ProcessorStatus status(StreamingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        boolean caughtUp = !segments.isEmpty() && segments.values().stream().allMatch(EventTrackerStatus::isCaughtUp);
        OptionalLong lowest = segments.values().stream().map(EventTrackerStatus::getCurrentPosition)
                .filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong).min();
        Long position = lowest.isPresent() ? lowest.getAsLong() : null;
        String error = segments.values().stream().filter(EventTrackerStatus::isErrorState)
                .map(s -> describe(s.getError())).findFirst().orElse(null);
        return new ProcessorStatus(processor.getName(), processor.isRunning(), caughtUp, position, error);
    }

    private static String describe(Throwable error) {
        if (error == null) {
            return "failing";
        }
        return error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }
}
