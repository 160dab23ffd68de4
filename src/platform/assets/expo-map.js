// Draws the expo maps with Leaflet when it has loaded. Without JavaScript, without Leaflet or without
// map tiles the page keeps its list of places and addresses; this file only adds the map.
(function () {
  'use strict';
  function init(el) {
    if (!window.L || el.getAttribute('data-map-ready')) return;
    var data;
    try { data = JSON.parse(el.getAttribute('data-features') || '{}'); } catch (e) { return; }
    if (!data.features || !data.features.length) return;
    el.setAttribute('data-map-ready', '1');
    el.classList.add('map-ready');
    var fallback = el.querySelector('.map-fallback');
    if (fallback) fallback.parentNode.removeChild(fallback);
    window.L.Icon.Default.imagePath = '/assets/vendor/leaflet/images/';
    var map = window.L.map(el, { scrollWheelZoom: false });
    var tiles = el.getAttribute('data-tiles');
    if (tiles) {
      window.L.tileLayer(tiles, { maxZoom: 19, attribution: '&copy; OpenStreetMap contributors' }).addTo(map);
    }
    var layer = window.L.geoJSON(data, {
      style: function () { return { color: '#6e0036', weight: 2, fillOpacity: 0.15 }; },
      onEachFeature: function (feature, lyr) {
        var p = feature.properties || {};
        var box = document.createElement('div');
        var a = document.createElement('a');
        a.href = p.url || '#';
        a.textContent = p.name || '';
        box.appendChild(a);
        if (p.address) {
          var addr = document.createElement('div');
          addr.textContent = p.address;
          box.appendChild(addr);
        }
        lyr.bindPopup(box);
      }
    }).addTo(map);
    var bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 16 });
    else map.setView([56.046, 12.694], 13);
  }
  function start() {
    var els = document.querySelectorAll('[data-module~="map"]');
    for (var i = 0; i < els.length; i++) init(els[i]);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
