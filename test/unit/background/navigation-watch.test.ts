// The navigation timer: a start, a redirect, an answer or a failure, and the deadline between.
import { describe, expect, it } from 'vitest';

import { NavigationWatch } from '../../../src/background/navigation-watch';

describe('NavigationWatch', () => {
  function setup(deadline = 1500) {
    const timers = new Map<number, { callback: () => void; ms: number }>();
    let next = 0;
    const events: string[] = [];
    const watch = new NavigationWatch({
      deadlineMs: () => deadline,
      onStart: (tabId, url) => events.push(`start ${tabId} ${url}`),
      onStall: (tabId, url) => events.push(`stall ${tabId} ${url}`),
      onFailure: (tabId, url, error) => events.push(`fail ${tabId} ${url} ${error}`),
      setTimer: (callback, ms) => {
        timers.set(++next, { callback, ms });
        return next;
      },
      clearTimer: (handle) => timers.delete(handle as number),
    });
    const fire = () => [...timers.entries()].forEach(([id, timer]) => (timers.delete(id), timer.callback()));
    return { watch, events, timers, fire };
  }

  it('reports a navigation with no answer by the deadline, on the URL it was redirected to', () => {
    const { watch, events, timers, fire } = setup(1500);
    watch.started('r1', 7, 'http://app.example.test/a');
    watch.redirected('r1', 'http://app.home.test/a');
    expect(timers.size).toBe(1);
    expect([...timers.values()][0]!.ms).toBe(1500);
    fire();
    expect(events).toEqual(['start 7 http://app.example.test/a', 'stall 7 http://app.home.test/a']);
    expect(watch.size).toBe(0);
  });

  it('knows what a tab is loading until something answers: waiting, stalled or on an error page', () => {
    const { watch, fire } = setup();
    watch.started('r1', 7, 'http://app.example.test/a');
    expect(watch.loadingUrl(7)).toBe('http://app.example.test/a');
    watch.redirected('r1', 'http://app.home.test/a');
    expect(watch.loadingUrl(7)).toBe('http://app.home.test/a');
    fire(); // stalled: still nothing on screen
    expect(watch.loadingUrl(7)).toBe('http://app.home.test/a');
    watch.answered('r1'); // a late answer counts
    expect(watch.loadingUrl(7)).toBeNull();

    watch.started('r2', 7, 'http://app.home.test/b');
    watch.failed('r2', 'net::ERR_CONNECTION_REFUSED');
    expect(watch.loadingUrl(7)).toBe('http://app.home.test/b');
    // Chromium's own retry of the error page, then the user going elsewhere: the latest counts.
    watch.started('r3', 7, 'http://app.home.test/b');
    watch.answered('r2');
    expect(watch.loadingUrl(7)).toBe('http://app.home.test/b');
    watch.started('r4', 7, 'https://news.example.org/');
    watch.answered('r4');
    expect(watch.loadingUrl(7)).toBeNull();
    expect(watch.loadingUrl(8)).toBeNull();
  });

  it('stops watching at the first sign of an answer', () => {
    const { watch, events, timers, fire } = setup();
    watch.started('r1', 7, 'http://a.test/');
    watch.answered('r1');
    expect(timers.size).toBe(0);
    fire();
    watch.failed('r1', 'net::ERR_CONNECTION_REFUSED');
    expect(events).toEqual(['start 7 http://a.test/']);
  });

  it('reports a failure once, with the error, and never also as a stall', () => {
    const { watch, events, fire } = setup();
    watch.started('r1', 3, 'http://a.test/x');
    watch.failed('r1', 'net::ERR_CONNECTION_REFUSED');
    fire();
    expect(events).toEqual(['start 3 http://a.test/x', 'fail 3 http://a.test/x net::ERR_CONNECTION_REFUSED']);
  });

  it('forgets an aborted load (Stop, Back, another URL), keeps the error page of an unreachable host', () => {
    const { watch } = setup();
    watch.started('r1', 7, 'http://app.home.test/a');
    watch.failed('r1', 'net::ERR_ABORTED');
    expect(watch.loadingUrl(7)).toBeNull();
    watch.started('r2', 7, 'http://app.home.test/a');
    watch.failed('r2', 'net::ERR_CONNECTION_TIMED_OUT');
    expect(watch.loadingUrl(7)).toBe('http://app.home.test/a');
  });

  it('announces only GET navigations: a form post must never be cut off and sent again', () => {
    const { watch, events } = setup();
    watch.started('r1', 7, 'http://app.home.test/login', 'POST');
    watch.started('r2', 8, 'http://app.home.test/', 'GET');
    expect(events).toEqual(['start 8 http://app.home.test/']);
  });

  it('never rescues a POST: neither when it stalls nor when it fails (a rescue would replay it as a GET)', () => {
    const { watch, events, timers, fire } = setup();
    watch.started('r1', 7, 'http://app.home.test/login', 'POST');
    watch.started('r2', 8, 'http://app.home.test/upload', 'post');
    expect(timers.size).toBe(0);
    fire();
    watch.failed('r1', 'net::ERR_CONNECTION_TIMED_OUT');
    expect(events).toEqual([]);
    expect(watch.loadingUrl(7)).toBeNull();
    // A POST that follows a GET in the same tab ends the GET's watch too: the tab moved on.
    watch.started('r3', 9, 'http://app.home.test/form', 'GET');
    watch.started('r4', 9, 'http://app.home.test/form', 'POST');
    fire();
    expect(events).toEqual(['start 9 http://app.home.test/form']);
    expect(watch.loadingUrl(9)).toBeNull();
  });

  it('ignores requests outside tabs and redirects of requests it does not know', () => {
    const { watch, timers } = setup();
    watch.started('r1', -1, 'http://a.test/');
    watch.redirected('r2', 'http://b.test/');
    expect(timers.size).toBe(0);
    expect(watch.size).toBe(0);
  });
});
