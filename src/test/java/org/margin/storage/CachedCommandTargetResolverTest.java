package org.margin.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.junit.jupiter.api.Test;
import org.margin.document.api.DeleteAnnotation;
import org.margin.group.Role;
import org.margin.group.api.SetMemberRole;
import org.margin.user.api.RecordAccountChange;

class CachedCommandTargetResolverTest {

    private final CommandTargetResolver cached = new CachedCommandTargetResolver();
    private final CommandTargetResolver axons = AnnotationCommandTargetResolver.builder().build();

    record Versioned(@TargetAggregateIdentifier String id, @TargetAggregateVersion String version) {
    }

    static class FieldTarget {
        @TargetAggregateIdentifier
        private final Long id;
        @TargetAggregateVersion
        private final Integer version;

        FieldTarget(Long id, Integer version) {
            this.id = id;
            this.version = version;
        }
    }

    static class MethodTarget {
        @TargetAggregateIdentifier
        String target() {
            return "from-method";
        }
    }

    record NoTarget(String id) {
    }

    static class FailingTarget {
        @TargetAggregateIdentifier
        String target() {
            throw new IllegalStateException("no target yet");
        }
    }

    @Test
    void resolvesEveryKindOfCommandAsAxonsResolverDoes() {
        List<Object> commands = List.of(
                new DeleteAnnotation("doc-1", "note-1", 7L),
                new SetMemberRole("group-1", "ada", Role.ANNOTATOR),
                new RecordAccountChange("account-1", null),
                new Versioned("v-1", "42"),
                new Versioned("v-2", null),
                new FieldTarget(5L, 3),
                new MethodTarget());
        for (Object command : commands) {
            for (int again = 0; again < 2; again++) {
                assertThat(cached.resolveTarget(GenericCommandMessage.asCommandMessage(command)))
                        .isEqualTo(axons.resolveTarget(GenericCommandMessage.asCommandMessage(command)));
            }
        }
        assertThat(cached.resolveTarget(GenericCommandMessage.asCommandMessage(new Versioned("v-1", "42"))).getVersion())
                .isEqualTo(42L);
    }

    @Test
    void refusesACommandWithoutATargetOrWithABadVersionAsAxonsResolverDoes() {
        for (Object bad : List.of(new NoTarget("x"), new Versioned(null, "1"), new Versioned("v", "seven"),
                new FailingTarget())) {
            Class<? extends Throwable> expected = catchType(() -> axons.resolveTarget(GenericCommandMessage.asCommandMessage(bad)));
            assertThat(expected).isEqualTo(IllegalArgumentException.class);
            assertThatThrownBy(() -> cached.resolveTarget(GenericCommandMessage.asCommandMessage(bad)))
                    .isInstanceOf(expected);
        }
    }

    private static Class<? extends Throwable> catchType(Runnable call) {
        try {
            call.run();
            return null;
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }
}
