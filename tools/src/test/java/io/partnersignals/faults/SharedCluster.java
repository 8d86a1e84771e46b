package io.partnersignals.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives every scenario class the same {@link FaultCluster}, started once for the whole run and
 * closed when JUnit closes its root store (it is {@link AutoCloseable}): each cluster costs a broker
 * and a registry start, and scenarios keep apart by topic prefix and application id. A scenario
 * that breaks the broker or the registry leaves it serving again.
 */
final class SharedCluster implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FaultCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(SharedCluster.class))
                .getOrComputeIfAbsent(FaultCluster.class, k -> {
                    try {
                        return FaultCluster.start("suite");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, FaultCluster.class);
    }
}
