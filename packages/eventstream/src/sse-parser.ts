export interface SseEvent {
  event?: string;
  data: string;
  id?: string;
}

/**
 * Incremental server-sent-events parser following the WHATWG rules: CRLF, CR and LF line ends (a
 * CRLF split across chunks counts once), `:` comments, one optional space after the colon, `data`
 * lines joined with LF, events dispatched on a blank line, events without data dropped, the last
 * `id` carried forward. The `retry` field and unknown fields are ignored.
 */
export class SseParser {
  #buffer = '';
  /** Where the search for the next line end resumes, so a long line split over many chunks is not rescanned. */
  #scanFrom = 0;
  #skipLeadingLf = false;
  #started = false;
  #event = '';
  #data = '';
  #hasData = false;
  #lastId = '';

  push(text: string): SseEvent[] {
    let input = text;
    if (!this.#started && input.length > 0) {
      this.#started = true;
      if (input.charCodeAt(0) === 0xfeff) input = input.slice(1);
    }
    if (this.#skipLeadingLf && input.length > 0) {
      this.#skipLeadingLf = false;
      if (input.charCodeAt(0) === 0x0a) input = input.slice(1);
    }
    this.#buffer += input;
    const events: SseEvent[] = [];
    const buffer = this.#buffer;
    let lineStart = 0;
    let at = this.#scanFrom;
    while (at < buffer.length) {
      const code = buffer.charCodeAt(at);
      if (code !== 0x0a && code !== 0x0d) {
        at++;
        continue;
      }
      this.#line(buffer.slice(lineStart, at), events);
      if (code === 0x0d) {
        if (at + 1 === buffer.length) this.#skipLeadingLf = true;
        else if (buffer.charCodeAt(at + 1) === 0x0a) at++;
      }
      at++;
      lineStart = at;
    }
    this.#buffer = buffer.slice(lineStart);
    this.#scanFrom = this.#buffer.length;
    return events;
  }

  /**
   * Ends the input. Unlike a browser, an unterminated last line and a last event that lacks its
   * blank line are still delivered: callers detect truncation by their protocol's own terminator.
   */
  end(): SseEvent[] {
    const events: SseEvent[] = [];
    if (this.#buffer.length > 0) this.#line(this.#buffer, events);
    this.#line('', events);
    this.#buffer = '';
    this.#scanFrom = 0;
    return events;
  }

  #line(line: string, events: SseEvent[]): void {
    if (line.length === 0) {
      this.#dispatch(events);
      return;
    }
    if (line.charCodeAt(0) === 0x3a) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 0x20) value = value.slice(1);
    switch (field) {
      case 'event':
        this.#event = value;
        return;
      case 'data':
        this.#data = this.#hasData ? `${this.#data}\n${value}` : value;
        this.#hasData = true;
        return;
      case 'id':
        if (!value.includes('\0')) this.#lastId = value;
        return;
    }
  }

  #dispatch(events: SseEvent[]): void {
    if (this.#hasData) {
      const event: SseEvent = { data: this.#data };
      if (this.#event !== '') event.event = this.#event;
      if (this.#lastId !== '') event.id = this.#lastId;
      events.push(event);
    }
    this.#event = '';
    this.#data = '';
    this.#hasData = false;
  }
}
