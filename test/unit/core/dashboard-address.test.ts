import { describe, expect, it } from 'vitest';
import {
  classifyDashboardUrl,
  markHomepageVariables,
  restoreHomepageVariables,
  shownUrl,
} from '../../../src/core/dashboard-address';

const kind = (text: string, audience: 'browser' | 'server' = 'browser') => classifyDashboardUrl(text, audience).kind;

describe('classifyDashboardUrl', () => {
  it('puts private, shared and loopback IPs and home names inside', () => {
    for (const url of [
      'http://192.168.1.20:8096',
      'http://10.1.2.3',
      'http://172.16.0.1/x',
      'http://100.101.102.103',
      'http://[fd00::1]:80',
      'http://127.0.0.1:8080',
      'http://nas.local',
      'http://nas.lan:5000',
      'https://ha.home.arpa',
      'http://git.internal',
    ]) {
      expect(kind(url), url).toBe('internal');
    }
  });

  it('puts public names and addresses outside', () => {
    for (const url of ['https://jellyfin.example.com', 'http://8.8.8.8', 'https://example.com/sonarr']) {
      expect(kind(url), url).toBe('external');
    }
  });

  it('a one-word host or localhost is inside for a link, unusable from the dashboard’s server', () => {
    expect(kind('http://nas:5000')).toBe('internal');
    expect(kind('http://localhost:8096')).toBe('internal');
    const container = classifyDashboardUrl('http://sonarr:8989', 'server');
    expect(container).toEqual({ kind: 'unusable', why: expect.stringMatching(/one-word host \(sonarr\).*container/) });
    expect(classifyDashboardUrl('http://localhost:8096', 'server')).toEqual({
      kind: 'unusable',
      why: expect.stringMatching(/dashboard’s own machine/),
    });
  });

  it('says why a URL cannot be a side', () => {
    expect(classifyDashboardUrl('sftp://nas.lan/', 'browser')).toEqual({
      kind: 'unusable',
      why: 'is not an http(s) URL (sftp:)',
    });
    expect(classifyDashboardUrl('nas.lan:5000/files', 'browser')).toEqual({
      kind: 'unusable',
      why: 'is not a full URL (no http:// or https://)',
    });
    expect(classifyDashboardUrl('mailto:me@example.com', 'browser')).toEqual({
      kind: 'unusable',
      why: 'is not an http(s) URL (mailto:)',
    });
    expect(classifyDashboardUrl('nas.lan/files', 'browser')).toEqual({
      kind: 'unusable',
      why: 'is not a full URL (no http:// or https://)',
    });
    expect(classifyDashboardUrl('http://exa mple.com', 'browser')).toEqual({
      kind: 'unusable',
      why: 'is not a valid URL',
    });
  });

  it('recognises a Homepage variable the loader marked', () => {
    const marked = markHomepageVariables('https://{{HOMEPAGE_VAR_HOST}}/x');
    expect(classifyDashboardUrl(marked, 'browser')).toEqual({
      kind: 'unusable',
      why: 'uses {{HOMEPAGE_VAR_HOST}}, which only Homepage fills in',
    });
    expect(restoreHomepageVariables(marked)).toBe('https://{{HOMEPAGE_VAR_HOST}}/x');
    expect(shownUrl(marked)).toBe('https://{{HOMEPAGE_VAR_HOST}}/x');
  });

  it('shortens long URLs for messages', () => {
    expect(shownUrl(`https://example.com/${'a'.repeat(100)}`)).toHaveLength(78);
  });
});
