/** What every reply code means (en, zh, fr) and the bounce classifier. */
package dev.tern.knowledge;
