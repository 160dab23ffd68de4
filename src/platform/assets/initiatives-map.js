// The initiatives map (module initiatives): draws the places listed on the page with Leaflet — points
// as markers, areas (data-area: [[lat, lng], …]) as polygons. Used by the map view and an initiative's page.
// Without Leaflet, without tiles or without JavaScript, the server-rendered list of places is the map.
(function () {
  'use strict';
  function init() {
    var el = document.querySelector('[data-module~="initiative-map"]');
    if (!el || typeof window.L === 'undefined') return;
    var points = document.querySelectorAll('.map-point');
    el.hidden = false;
    window.L.Icon.Default.imagePath = '/assets/vendor/leaflet/images/';
    var map = window.L.map(el, { scrollWheelZoom: false });
    window.L.tileLayer(el.getAttribute('data-tiles'), { maxZoom: 18, attribution: '&copy; OpenStreetMap' }).addTo(map);
    var bounds = [];
    for (var i = 0; i < points.length; i++) {
      var p = points[i];
      var link = p.querySelector('a');
      var label = link ? link.textContent : p.getAttribute('data-label') || '';
      var popup = null;
      if (link) {
        popup = document.createElement('a');
        popup.href = link.getAttribute('href');
        popup.textContent = link.textContent;
      }
      var ring = null;
      try {
        ring = p.getAttribute('data-area') ? JSON.parse(p.getAttribute('data-area')) : null;
      } catch (e) {
        ring = null;
      }
      if (ring && ring.length >= 4) {
        var polygon = window.L.polygon(ring, { color: '#0b4f8a', weight: 2 }).addTo(map);
        if (popup) polygon.bindPopup(popup.cloneNode(true));
        for (var k = 0; k < ring.length; k++) bounds.push(ring[k]);
      }
      var lat = parseFloat(p.getAttribute('data-lat'));
      var lng = parseFloat(p.getAttribute('data-lng'));
      if (!isNaN(lat) && !isNaN(lng)) {
        var marker = window.L.marker([lat, lng], { title: label, alt: label }).addTo(map);
        if (popup) marker.bindPopup(popup);
        bounds.push([lat, lng]);
      }
    }
    if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    else map.setView([56.0465, 12.6945], 12);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
