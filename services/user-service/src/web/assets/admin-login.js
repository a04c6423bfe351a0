// @ts-check
import { $, ApiError, api, errorMessage, input, t } from './app.js';
import { ids } from './dom-ids.js';

// Without this script the form posts and the server answers 303 /admin; with it, errors stay on the page.
const form = $(ids.adminLoginForm, HTMLFormElement);
const error = $(ids.adminLoginError, HTMLElement);

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const submit = /** @type {HTMLButtonElement} */ (form.querySelector('button[type="submit"]'));
  submit.disabled = true;
  error.hidden = true;
  try {
    await api('POST /admin/login', { body: { password: input(form, 'password').value } });
    window.location.assign('/admin');
  } catch (failure) {
    error.textContent =
      failure instanceof ApiError && failure.status === 401
        ? t('admin.wrongPassword')
        : failure instanceof ApiError && failure.status === 429
          ? t('admin.tooManyAttempts')
          : t('common.error', { message: errorMessage(failure) });
    error.hidden = false;
    submit.disabled = false;
  }
});
