'use client';

import { useChat } from '@ai-sdk/react';
import { useState, type FormEvent } from 'react';

export default function ChatPage() {
  const [input, setInput] = useState('');
  // The default transport POSTs to /api/chat and reads the UI message stream it returns.
  const { messages, sendMessage, status, error } = useChat();
  const busy = status === 'submitted' || status === 'streaming';

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const text = input.trim();
    if (!text || busy) return;
    void sendMessage({ text });
    setInput('');
  }

  return (
    <main>
      <h1>modelgate chat</h1>
      <p className="subtitle">Streams from an AI Gateway through modelgate and the AI SDK.</p>

      <section className="messages" aria-live="polite">
        {messages.length === 0 && <p className="empty">No messages yet. Say something.</p>}
        {messages.map(message => (
          <div key={message.id} className={`message ${message.role}`} data-role={message.role}>
            <span className="who">{message.role === 'user' ? 'You' : 'Assistant'}</span>
            {message.parts.map((part, i) => (part.type === 'text' ? <span key={i}>{part.text}</span> : null))}
          </div>
        ))}
        {status === 'submitted' && <p className="empty">Thinking…</p>}
        {error && <p className="error">Something went wrong: {error.message}</p>}
      </section>

      <form onSubmit={onSubmit}>
        <input
          aria-label="Message"
          placeholder="Type a message"
          value={input}
          onChange={event => setInput(event.target.value)}
          autoFocus
        />
        <button type="submit" disabled={busy || input.trim() === ''}>
          Send
        </button>
      </form>
    </main>
  );
}
