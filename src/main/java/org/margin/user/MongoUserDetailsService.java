package org.margin.user;

import java.util.ArrayList;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

@Component
class MongoUserDetailsService implements UserDetailsService {

    private final UserAccounts accounts;

    MongoUserDetailsService(UserAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        UserAccounts.Credentials credentials = accounts.credentials(username)
                .filter(c -> c.passwordHash() != null)
                .orElseThrow(() -> new UsernameNotFoundException("unknown user"));
        UserAccount account = credentials.account();
        List<GrantedAuthority> authorities = new ArrayList<>(List.of(new SimpleGrantedAuthority("ROLE_USER")));
        if (account.admin()) {
            authorities.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
        }
        return User.withUsername(username).password(credentials.passwordHash()).authorities(authorities).build();
    }
}
