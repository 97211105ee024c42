//! Locks that stay usable after a thread panicked while holding one. What
//! lectern's locks guard (caches, queues, files made so far) is whole at
//! every step, and the panic itself is reported where it happened, so a
//! poisoned lock is taken as it is rather than spreading the panic.

use std::sync::{
    Condvar, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard,
};

pub(crate) trait Locked<T> {
    /// The lock's guard, poisoned or not.
    fn locked(&self) -> MutexGuard<'_, T>;
    /// The value, poisoned or not.
    fn into_value(self) -> T;
}

impl<T> Locked<T> for Mutex<T> {
    fn locked(&self) -> MutexGuard<'_, T> {
        self.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn into_value(self) -> T {
        self.into_inner().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Waits on `ready`, as [`Condvar::wait`], poisoned or not.
pub(crate) fn wait<'a, T>(ready: &Condvar, guard: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
    ready.wait(guard).unwrap_or_else(PoisonError::into_inner)
}

pub(crate) fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

pub(crate) fn write<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}
