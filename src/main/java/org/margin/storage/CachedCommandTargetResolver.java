package org.margin.storage;

import static org.axonframework.common.ReflectionUtils.ensureAccessible;
import static org.axonframework.common.ReflectionUtils.fieldsOf;
import static org.axonframework.common.ReflectionUtils.methodsOf;

import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Resolves a command's target aggregate as Axon's {@code AnnotationCommandTargetResolver} does (the first
 * method, else field, carrying {@link TargetAggregateIdentifier} or {@link TargetAggregateVersion}), but
 * looks for the annotated members once per command class instead of at every command: Axon's resolver
 * scans every method and field of the payload's class and their annotations for each command it routes.
 */
final class CachedCommandTargetResolver implements CommandTargetResolver {

    private final ClassValue<Target> targets = new ClassValue<>() {
        @Override
        protected Target computeValue(Class<?> type) {
            return new Target(type.getSimpleName(), accessor(type, TargetAggregateIdentifier.class),
                    accessor(type, TargetAggregateVersion.class));
        }
    };

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        return targets.get(command.getPayloadType()).resolve(command.getPayload());
    }

    /** The annotated members of one command class; null where it has none. */
    private record Target(String typeName, MethodHandle identifier, MethodHandle version) {

        VersionedAggregateIdentifier resolve(Object payload) {
            Object id = read(identifier, payload);
            if (id == null) {
                throw new IllegalArgumentException(String.format("Invalid command. It does not identify the target "
                        + "aggregate. Make sure at least one of the fields or methods in the [%s] class contains the "
                        + "@TargetAggregateIdentifier annotation and that it returns a non-null value.", typeName));
            }
            return new VersionedAggregateIdentifier(id, asLong(read(version, payload)));
        }

        private static Object read(MethodHandle accessor, Object payload) {
            if (accessor == null) {
                return null;
            }
            try {
                return accessor.invoke(payload);
            } catch (Error e) {
                throw e;
            } catch (Throwable e) {
                // whatever the accessor throws, as Axon's resolver reports it
                throw new IllegalArgumentException("An exception occurred while extracting aggregate "
                        + "information form a command", e);
            }
        }

        private static Long asLong(Object version) {
            if (version == null) {
                return null;
            }
            try {
                return version instanceof Number n ? n.longValue() : Long.parseLong(version.toString());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("The value provided for the version is not a number.", e);
            }
        }
    }

    private static MethodHandle accessor(Class<?> type, Class<? extends Annotation> annotation) {
        try {
            for (Method m : methodsOf(type)) {
                if (AnnotationUtils.isAnnotationPresent(m, annotation)) {
                    return MethodHandles.lookup().unreflect(ensureAccessible(m));
                }
            }
            for (Field f : fieldsOf(type)) {
                if (AnnotationUtils.isAnnotationPresent(f, annotation)) {
                    return MethodHandles.lookup().unreflectGetter(ensureAccessible(f));
                }
            }
            return null;
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("The current security context does not allow extraction of "
                    + "aggregate information from commands of type " + type.getName(), e);
        }
    }
}
