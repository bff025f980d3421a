package io.backstream.support.security;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.util.Optional;

/** Lets a controller method take the {@link Caller} of the request as a parameter. */
@Singleton
public class CallerArgumentBinder implements TypedRequestArgumentBinder<Caller> {

    private final String targetsClaim;

    CallerArgumentBinder(SecurityConfiguration configuration) {
        this.targetsClaim = configuration.getTargetsClaim();
    }

    @Override
    public Argument<Caller> argumentType() {
        return Argument.of(Caller.class);
    }

    @Override
    public BindingResult<Caller> bind(ArgumentConversionContext<Caller> context, HttpRequest<?> source) {
        Optional<Caller> caller = source.getUserPrincipal(Authentication.class)
                .map(authentication -> Caller.of(authentication, targetsClaim));
        return caller.isPresent() ? () -> caller : BindingResult.unsatisfied();
    }
}
