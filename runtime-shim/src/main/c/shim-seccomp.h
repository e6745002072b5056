/* hoist-shim's seccomp filter and session keyring (shim-seccomp.c). Each returns 0, or -1 with
 * errno set (the caller reports it). */
#ifndef HOIST_SHIM_SECCOMP_H
#define HOIST_SHIM_SECCOMP_H

/* Reads the compiled filter (struct sock_filter[], the config's seccomp= file) into memory: the
 * file lives on the host, out of reach once the root is pivoted. EINVAL: not a whole number of
 * instructions, or empty, or more than BPF_MAXINSNS. */
int shim_seccomp_read(const char *path);

/* Installs the filter read, if any, on the calling thread: the last step before execve
 * (no_new_privs must be set). */
int shim_seccomp_apply(void);

/* A new anonymous session keyring for the caller and its children, so the container never
 * reaches the keys of the session that started hoist (as runc's init does). */
int shim_join_session_keyring(void);

#endif
