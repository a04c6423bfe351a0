import { ApiError, api, t } from './app.js';

// Without this script the form posts and the server answers 303 /admin; with it, errors stay on the page.
const form = document.getElementById('admin-login-form');
const error = document.getElementById('admin-login-error');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const submit = form.querySelector('button[type="submit"]');
  submit.disabled = true;
  error.hidden = true;
  try {
    await api('POST', '/admin/login', { password: form.elements.password.value });
    window.location.assign('/admin');
  } catch (failure) {
    error.textContent =
      failure instanceof ApiError && failure.status === 401
        ? t('admin.wrongPassword')
        : failure instanceof ApiError && failure.status === 429
          ? t('admin.tooManyAttempts')
          : t('common.error', { message: failure.message });
    error.hidden = false;
    submit.disabled = false;
  }
});
