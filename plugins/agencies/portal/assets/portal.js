// The partner portal's forms: sign-in, new password, booking request, auction application.
// Loaded after core's realty.js (window.realty: fetchJson shows the one error body).
(() => {
  const $ = (selector) => document.querySelector(selector);
  const value = (form, name) => {
    const field = form.elements.namedItem(name);
    return field && typeof field.value === 'string' ? field.value.trim() : '';
  };
  const say = (id, text) => {
    const el = document.getElementById(id);
    if (el) el.textContent = text;
  };
  const client = (form) => {
    const out = { name: value(form, 'clientName') };
    const phone = value(form, 'clientPhone');
    const email = value(form, 'clientEmail');
    if (phone) out.phone = phone;
    if (email) out.email = email;
    return out;
  };
  const busy = (form, on) => {
    for (const b of form.querySelectorAll('button')) b.disabled = on;
  };

  const login = $('#partner-login');
  if (login) {
    login.addEventListener('submit', async (event) => {
      event.preventDefault();
      busy(login, true);
      say('login-message', '');
      try {
        const answer = await realty.fetchJson('/partner/login', {
          method: 'POST',
          body: {
            email: value(login, 'email'),
            password: login.elements.namedItem('password').value,
            next: value(login, 'next'),
          },
          showError: false,
        });
        window.location.assign(answer.next || '/partner');
      } catch (error) {
        const body = error.body || {};
        say(
          'login-message',
          body.code === 'partner_bad_credentials'
            ? 'Неверный e-mail или пароль.'
            : body.code === 'partner_locked_out' || body.code === 'partner_sign_in_limited'
              ? 'Слишком много попыток. Попробуйте позже.'
              : body.code === 'agency_not_active'
                ? 'Доступ агентства приостановлен.'
                : body.code === 'partner_user_inactive'
                  ? 'Пользователь отключён.'
                  : body.message || 'Не удалось войти.',
        );
      } finally {
        busy(login, false);
      }
    });
  }

  const password = $('#partner-password');
  if (password) {
    password.addEventListener('submit', async (event) => {
      event.preventDefault();
      const pass = password.elements.namedItem('password').value;
      if (pass !== password.elements.namedItem('repeat').value) {
        say('password-message', 'Пароли не совпадают.');
        return;
      }
      busy(password, true);
      try {
        await realty.fetchJson('/partner/password', {
          method: 'POST',
          body: { token: value(password, 'token'), password: pass },
        });
        say('password-message', 'Пароль сохранён. Теперь можно войти.');
        setTimeout(() => window.location.assign('/partner/login'), 800);
      } catch {
        busy(password, false);
      }
    });
  }

  const booking = $('#booking-form');
  if (booking) {
    booking.addEventListener('submit', async (event) => {
      event.preventDefault();
      busy(booking, true);
      const body = { unitId: value(booking, 'unitId'), client: client(booking) };
      const comment = value(booking, 'comment');
      if (comment) body.comment = comment;
      try {
        await realty.fetchJson('/partner/v1/bookings', { method: 'POST', body });
        say('form-message', 'Заявка на бронь отправлена.');
        window.location.assign('/partner/requests');
      } catch {
        busy(booking, false);
      }
    });
  }

  const application = $('#application-form');
  if (application) {
    application.addEventListener('submit', async (event) => {
      event.preventDefault();
      busy(application, true);
      try {
        await realty.fetchJson('/partner/v1/applications', {
          method: 'POST',
          body: { lotId: value(application, 'lotId'), client: client(application) },
        });
        say('form-message', 'Заявка на торги подана.');
        window.location.assign('/partner/requests');
      } catch {
        busy(application, false);
      }
    });
  }
})();
