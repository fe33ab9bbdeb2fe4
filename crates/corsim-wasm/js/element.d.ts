/**
 * `<corsim-scenario>`: a corsim scenario and what a browser does with it,
 * rendered in a shadow root. Importing `corsim/element` defines it.
 *
 * Attributes:
 * - `scenario`: the scenario as JSON text (format v1);
 * - `link`: a playground share link (`…#s=<base64url JSON>&b=<browser>`);
 * - otherwise the JSON inside the element (best in a `<script type="application/json">` child);
 * - `browser`: `chrome` | `firefox` | `safari` | `spec`, the profile shown first;
 * - `theme`: `light` | `dark` (default: the reader's `prefers-color-scheme`);
 * - `heading`: the title (default: the first request's method and URL);
 * - `heading-level`: 1 to 5, the level of that title (default 2).
 */
export declare class CorsimScenarioElement extends HTMLElement {
    static readonly observedAttributes: string[];
    connectedCallback(): void;
    attributeChangedCallback(name: string): void;
}

declare global {
    interface HTMLElementTagNameMap {
        "corsim-scenario": CorsimScenarioElement;
    }
}
