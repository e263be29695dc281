// A host app that embeds Parley with the built SDK, exactly as a customer's React app would: <ParleyChat> from
// editor/dist/sdk/react.js with React as the app's own copy. Served by Vite from tests/sdk.spec.ts on its own origin,
// so every call to the Parley server (`?api=`) is cross-origin.
import { createElement, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ParleyChat } from '../../editor/dist/sdk/react.js';
import '../../editor/dist/sdk/react.css';

const params = new URLSearchParams(location.search);
const events = [];
window.parleyEvents = events;

createRoot(document.getElementById('chat')).render(
  createElement(
    StrictMode,
    null,
    createElement(ParleyChat, {
      botId: params.get('bot') ?? 'order-support',
      baseUrl: params.get('api'),
      locale: params.get('locale') ?? 'en',
      onEvent: (e) => events.push(e.event),
    }),
  ),
);
